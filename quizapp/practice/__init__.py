"""Practice sessions: today's study queue, cram and quizzes."""

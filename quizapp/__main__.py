"""`python -m quizapp` runs the command line."""

from quizapp.entry import main

main()

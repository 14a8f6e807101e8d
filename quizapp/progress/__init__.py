"""Progress: the overview, statistics, the class report, browse, the source reader and optimize."""

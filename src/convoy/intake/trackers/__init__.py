"""Public trackers (the Kiel Institute's, Protect Ukraine Now's, any other through a column
mapping) read into draft proposals."""

"""Reports written with the grades: what the class got wrong, and grade files for an LMS."""

"""The labelled name-matching evaluation set and the script that builds it from the shared lists."""

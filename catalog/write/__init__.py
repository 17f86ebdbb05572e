"""Write stage: the build pipeline, its workers, publishing and the incremental engine."""

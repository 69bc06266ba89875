// Ingest stage.

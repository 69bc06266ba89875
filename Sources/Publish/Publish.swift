// Publish stage.

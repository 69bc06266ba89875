// Transform stage.

"""The detector's faust agents, one module each; app.create_app wires them."""

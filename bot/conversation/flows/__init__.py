"""The conversation's flows, one module each; the engine routes button actions and text to them."""

"""The operator simulator: a plausible city-sized operator, month by month, with ground truth apart."""

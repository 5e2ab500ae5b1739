"""Computation: answers worked out from the user's numbers (calculators), the yearly hour rules
they apply, dates, and hours progress against those rules."""

"""Coaching: the tip library, tip selection and the weekly prompt schedule."""

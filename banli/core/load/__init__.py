"""Load data for the performance benchmarks (``manage.py generate_load``): a jurisdiction with twenty years of
items at national or provincial volume, written straight into the tables in large batches."""

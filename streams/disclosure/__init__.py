"""S7 disclosure: the period's statistics by China Standard Time day and its typical cases, for
`qinglang report` and the console's report page. Pure functions; the Redis store of typical cases is the
console's (streams/console/typical_store.py)."""

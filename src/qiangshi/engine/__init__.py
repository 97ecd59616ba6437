"""Pure computation over polars tables: no Django import, no I/O."""

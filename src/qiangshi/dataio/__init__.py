"""Reading uploaded tables and reporting what was rejected.

Every import in Qiangshi reads its file here, as text columns so that nothing
is silently coerced, then validates rows with polars expressions in the
domain service and reports each rejected row by sheet, row, column and value.
"""

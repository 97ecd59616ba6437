"""Packaged policy documents (惠企政策条款, issue 17): read by qiangshi.reference.documents."""

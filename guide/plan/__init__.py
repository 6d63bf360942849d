"""Role mix + training date -> the plan: who takes which exam in what order
(``tailor``), each exam's status on the date (``lifecycle``), stale content (``staleness``),
the sentences notices print as (``wording``) and the handouts' data. Decides nothing about
presentation.
"""

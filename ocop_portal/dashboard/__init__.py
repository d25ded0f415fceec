"""The provincial dashboards: where the programme stands for a territory and a period, with
charts, targets, drill-down lists, exports and the council's analytics. Top floor: it reads the
three apps through their selectors and writes nothing but the progress of uncounted targets
(through evaluations' service)."""

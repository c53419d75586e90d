"""Survey analysis: `respondents` loads the stored answers and `synthetic` makes test data,
`tables` counts respondents into tables, `disclosure` decides which numbers may be published
(no number may describe fewer than k people), `report` and `charts` publish them."""

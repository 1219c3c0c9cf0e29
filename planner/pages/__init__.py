"""The pages: one module per page (home, estate, change), and what they share.

Views read form -> core -> render. They import the forms and the core, never the API.
"""

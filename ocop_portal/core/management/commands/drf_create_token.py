"""The name the README used to give: now `api_token_create` (tokens that expire and are scoped)."""

from .api_token_create import Command as ApiTokenCreate


class Command(ApiTokenCreate):
    help = "Former name of api_token_create: gives a user an expiring API token and prints its key."

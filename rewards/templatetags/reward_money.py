from django import template

from rewards.money import vnd_in_words

register = template.Library()


@register.filter
def vnd_words(amount):
    """An amount in Vietnamese words: "Chín trăm sáu mươi triệu đồng"."""
    return vnd_in_words(amount or 0)

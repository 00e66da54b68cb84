"""The API's JSON parser (``DEFAULT_PARSER_CLASSES``): DRF's, with a limit on nesting."""

from __future__ import annotations

import codecs

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from parkbase.core import jsondepth


class JSONParser(parsers.JSONParser):
    """Reads a body as DRF's parser does, but one nested deeper than
    ``jsondepth.MAX_DEPTH`` levels is answered 400 with a plain message, never with
    the ``RecursionError`` (500) Python's parser raises a thousand levels down."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        parse_constant = json.strict_constant if self.strict else None
        try:
            text = codecs.getreader(encoding)(stream).read()
            return jsondepth.loads(text, parse_constant=parse_constant)
        except jsondepth.TooDeep as exc:
            raise ParseError(
                _("The JSON body nests more than %(limit)d levels of objects and arrays.")
                % {"limit": exc.limit},
                code="too_deep",
            ) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None

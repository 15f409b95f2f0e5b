"""Reading the entry screen as a browser does: the form's values as it would post them, and
the messages shown beside the fields."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class, self.inside, self.select = form_class, False, None
        self.data, self.errors, self._error_for, self._text = {}, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.form_class in (a.get("class") or "").split()
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[a["name"]] = "on"
            elif a.get("type") != "submit":
                self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select = a["name"]
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a.get("value") or ""
        elif tag == "textarea":
            self._text, self.data[a["name"]] = a["name"], ""
        elif tag == "span" and (a.get("id") or "").startswith("e"):
            self._error_for = a["id"][1:]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            # A browser drops the newline that follows <textarea>, as Django writes it.
            if self.data[self._text].startswith("\n"):
                self.data[self._text] = self.data[self._text][1:]
            self._text = None
        elif tag == "span":
            self._error_for = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self._text:
            self.data[self._text] += data
        if self._error_for:
            self.errors[self._error_for] = self.errors.get(self._error_for, "") + data


def entry_form(response) -> dict:
    """The entry form's values, as a browser posts them (without a button)."""
    parser = _Form("entry")
    parser.feed(response.content.decode())
    return parser.data


def field_errors(response) -> dict:
    """{input name: the message beside it}."""
    parser = _Form("entry")
    parser.feed(response.content.decode())
    return parser.errors

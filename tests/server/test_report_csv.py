"""The report's CSV neutralises every cell a spreadsheet would run as a formula: text
starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe
(the = case, with HYPERLINK, is in test_admin.py)."""

import csv
import io

import pytest

from conftest import rows, survey_response, token_for_test

PAYLOADS = {
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


def report_cells(server, project):
    token = token_for_test(server, project)
    status, headers, body = server.request("GET", "/api/v1/admin/report?format=csv", headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_a_free_text_answer_starting_a_formula_is_neutralised_in_the_csv(server, project, name):
    text = PAYLOADS[name]
    assert server.sync([survey_response(text=text)])[2]["results"][0]["status"] == "stored"
    assert rows(server.db, "SELECT json_extract(value, '$') FROM survey_answers WHERE question = 'uwagi'") == [(text,)]
    table = report_cells(server, project)
    free_text = [row for row in table if row[0] == "survey_text"]
    assert len(free_text) == 1, table
    assert free_text[0][-1] == "'" + text, "the learner's text must come out with a leading apostrophe"
    dangerous = [cell for row in table for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []

"""szpon outside the repository: installed with `make install`, or linked onto PATH."""
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _path_with(folder):
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}


def _new_site_and_build(folder, env):
    """What a new user types in an empty folder, with `szpon` found on PATH."""
    for args in (["new", "course", "pierwszy-kurs"], ["build"]):
        result = subprocess.run(["szpon", *args], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / "site" / "courses" / "pierwszy-kurs" / "index.html").is_file()
    assert (folder / "site" / "assets" / "css" / "szpon.css").is_file()


def test_a_binary_linked_onto_path_builds_in_an_empty_folder_outside_the_repository(tmp_path):
    # `ln -s .build/release/szpon ~/bin/szpon`, then `szpon build`: the shell passes a bare
    # "szpon" as argv[0], which used to name no folder, so the theme was not found.
    binary = Path(os.environ.get("SZPON_BIN", REPO / ".build" / "debug" / "szpon"))
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "szpon").symlink_to(binary)
    (tmp_path / "work").mkdir()
    _new_site_and_build(tmp_path / "work", _path_with(tmp_path / "bin"))


def test_make_install_puts_szpon_and_its_theme_under_prefix(tmp_path):
    prefix = tmp_path / "prefix"
    make = subprocess.run(["make", "--no-print-directory", "install", f"PREFIX={prefix}", "INSTALL_CONFIG=debug"],
                          cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert make.returncode == 0, make.stdout + make.stderr
    assert (prefix / "bin" / "szpon").is_file()
    assert (prefix / "share" / "szpon" / "themes" / "default" / "templates" / "lesson.mustache").is_file()
    (tmp_path / "work").mkdir()
    _new_site_and_build(tmp_path / "work", _path_with(prefix / "bin"))


def test_a_theme_error_names_the_folder_and_mentions_the_theme_option(szpon, tmp_path):
    szpon("new", "course", "kurs", cwd=tmp_path)
    (tmp_path / "moj-motyw").mkdir()
    result = szpon("build", "--theme", "moj-motyw", cwd=tmp_path)
    assert result.returncode == 1
    assert str(tmp_path / "moj-motyw") in result.stderr
    assert "--theme" in result.stderr

"""Command line: ``python -m analysis data`` and ``python -m analysis build``.

Exit codes: 0 success; 1 a briefing failed; 2 bad input data or bad usage; 3 the file system
refused a read or write (one line naming the path and the OS error).
"""

from __future__ import annotations

import argparse
import sys

from analysis.errors import BuildError, OutputError, RawDataError

__all__ = ["main"]


def _cmd_data(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.data.refresh import refresh_processed
    from analysis.files import describe_os_error

    try:
        result = refresh_processed(args.raw, args.out)
    except OSError as exc:  # an --out that is a file, a read-only folder, a full disk
        where = Path(args.out) if args.out else None
        raise OutputError(describe_os_error(exc, where)) from None
    print(
        f"data/processed refreshed (data version {result.data_version}): "
        f"{len(result.written)} written, {len(result.unchanged)} unchanged -> {result.folder}"
    )
    return 0


def _cmd_pdf(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.paths import reports_dir
    from analysis.site.pdf import print_all

    folder = Path(args.reports) if args.reports else reports_dir()
    try:
        printed = print_all(folder)
    except RuntimeError as exc:  # no Chromium, no Playwright
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for pdf in printed:
        print(pdf)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from analysis.site.build import run_build_cli

    return run_build_cli(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="refresh data/processed from data/raw")
    data.add_argument("--raw", help="raw data folder (default data/raw)")
    data.add_argument("--out", help="processed data folder (default data/processed)")
    data.set_defaults(func=_cmd_data)
    pdf = sub.add_parser("pdf", help="print every briefing in reports/ to reports/pdf/")
    pdf.add_argument("--reports", help="reports folder (default reports/)")
    pdf.set_defaults(func=_cmd_pdf)
    from analysis.site.build import add_build_arguments

    build = sub.add_parser("build", help="refresh data and build the HTML briefings")
    add_build_arguments(build)
    build.set_defaults(func=_cmd_build)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except RawDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:  # OutputError: exit 3
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())

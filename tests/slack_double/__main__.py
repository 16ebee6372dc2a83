"""Run the Slack double on its own: ``python -m tests.slack_double --port 12112``.

Then ``SLACK_BOT_TOKEN=xoxb-double SLACK_API_BASE=http://127.0.0.1:12112/api/``. Users Slack
knows are added with ``--user ada@example.com`` (repeatable); everyone else is "not in the
workspace".
"""

import argparse
import threading

from .server import SlackDouble


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=12112)
    parser.add_argument("--token", default="xoxb-double")
    parser.add_argument("--user", action="append", default=[], help="a workspace member's email")
    args = parser.parse_args()
    double = SlackDouble(token=args.token, port=args.port).start()
    for email in args.user:
        double.user_add(email)
    print(f"Slack double on {double.base_url} (token {args.token}); Ctrl-C stops it.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        double.stop()


if __name__ == "__main__":
    main()

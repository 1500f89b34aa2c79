"""Where one API request's time goes: cProfile over a few in-process requests, top functions by own time.

DATABASE_URL=postgres://... python -m bench.profile "/api/v1/attacks/?count=false&page=3&page_size=100"
"""

import cProfile
import os
import pstats
import sys
import time

from bench.run import SERVER_ENV


def main() -> None:
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from django.test import Client

    url = sys.argv[1]
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(url).status_code == 200
    profile = cProfile.Profile()
    started = time.process_time()
    profile.enable()
    for _ in range(3):
        client.get(url)
    profile.disable()
    print(f"{url}: {(time.process_time() - started) / 3 * 1000:.0f} ms of CPU per request (under cProfile)")
    pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()

"""gunicorn's settings: `gunicorn newsroom.wsgi -c python:newsroom.gunicorn --bind ... --workers N`.

make run, the README's deploy command and bench/serve.py all start the site this way, and
tests/test_serving.py checks that a server started so writes nothing to local disk.
"""

import os

worker_class = "gthread"
threads = 4
# gunicorn 27 otherwise keeps a control socket in ~/.gunicorn/: a file written at run time, and one path
# that two servers on a machine would fight over. Nothing here needs to steer a running server.
control_socket_disable = True
# Workers' heartbeat files: in memory where the machine has it (gunicorn's advice for containers). gunicorn
# makes them itself with mkstemp (a fresh name, mode 0600) and unlinks them at once.
SHARED_MEMORY = "/dev/shm"  # nosec B108  # see above
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY

"""Questions a command asks on the terminal (`parkbase init`, `parkbase users`): a line
of text, or a password typed twice. A terminal hides the password (getpass); input
that is not a terminal (a pipe, a test) is read line by line."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.management.base import CommandError


class Prompter:
    def __init__(self, stdin=None, stdout=None):
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout

    def line(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise CommandError("输入已结束。 / The input ended.")
        return line.rstrip("\r\n")

    def ask(self, prompt: str, default: str = "") -> str:
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        return self.line(shown).strip() or default

    def secret(self, prompt: str) -> str:
        if self.stdin is sys.stdin and sys.stdin.isatty():
            return getpass.getpass(prompt)
        return self.line(prompt)

    def new_password(self, who: str) -> str:
        for _attempt in range(3):
            first = self.secret(f"密码 / password for {who}: ")
            if not first:
                self.stdout.write("密码不能为空。 / The password must not be empty.\n")
                continue
            if self.secret("再输入一次 / again: ") == first:
                return first
            self.stdout.write("两次输入的密码不同。 / The passwords differ.\n")
        raise CommandError("没有设定密码。 / No password was set.")


def password_from(variable: str, prompter: Prompter, who: tuple[str, str], no_input: bool) -> str:
    """The password in the environment ``variable``, else asked for (twice); with
    ``no_input`` and no variable, an error naming the variable. ``who`` is whose
    password it is, in Chinese and in English."""
    password = os.environ.get(variable)
    if password:
        return password
    if no_input:
        raise CommandError(
            f"{who[0]} 需要密码：请设置环境变量 {variable}。 / "
            f"The {who[1]} needs a password: set the environment variable {variable}."
        )
    return prompter.new_password(f"{who[0]} / {who[1]}")

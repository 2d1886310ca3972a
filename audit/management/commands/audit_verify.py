"""`manage.py audit_verify [--unit ID | --system | --all]`: check the audit hash chains.

Exits 0 with a summary when every chain checked is intact; exits 1 naming the
first bad row of each broken chain (chain, seq, id, what is wrong) otherwise.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, no_translations

from audit.verify import unit_chain_keys, verify


class Command(BaseCommand):
    help = "Verify the audit and access-log hash chains and name the first bad row."

    def add_arguments(self, parser) -> None:
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--unit", type=int, metavar="ID", help="verify one unit's chains")
        scope.add_argument("--system", action="store_true", help="verify the chains of events with no unit")
        scope.add_argument("--all", action="store_true", help="verify every chain (the default)")

    @no_translations  # an operator's tool: plain English, like Django's own commands
    def handle(self, *args, unit: int | None = None, system: bool = False, **options) -> None:
        if unit is not None:
            keys = unit_chain_keys(unit)
        elif system:
            keys = unit_chain_keys(None)
        else:
            keys = None
        result = verify(keys)
        for chain in result.chains:
            if chain.ok:
                self.stdout.write(f"OK   {chain.chain_key}: {chain.checked} rows, head seq {chain.head_seq}")
            else:
                self.stdout.write(f"BAD  {chain.chain_key}: {chain.problem.describe()}")
        if result.missing_triggers:
            self.stderr.write(
                "WARNING: append-only triggers missing: " + ", ".join(sorted(result.missing_triggers)),
            )
        summary = f"{len(result.chains)} chains, {result.checked} rows checked in {result.seconds:.2f}s"
        if not result.ok:
            bad = [chain for chain in result.chains if not chain.ok]
            raise CommandError(f"{len(bad)} broken chain(s) of {summary}. First: {bad[0].problem.describe()}")
        self.stdout.write(self.style.SUCCESS(f"All intact: {summary}."))

"""The package build compiles the translation catalogs (.po -> .mo), so a wheel ships them."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path(__file__).parent.glob("dialoog/locale/*/LC_MESSAGES/*.po"):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            with po.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalog)
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})

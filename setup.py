"""Casework: case management for survivors of violence."""

from setuptools import find_packages, setup

setup(
    name="casework",
    version="0.1.0",
    description="Case management for survivors of violence, with referral to service units",
    # The migrations stay in migrations/ at the top of the checkout (where Flask-Migrate and
    # every developer expect them) and are shipped inside the package as casework/migrations,
    # so an installed wheel can run `casework init` and `casework db upgrade`.
    packages=[*find_packages(include=["casework", "casework.*"]),
              "casework.migrations", "casework.migrations.versions"],
    package_dir={"casework.migrations": "migrations",
                 "casework.migrations.versions": "migrations/versions"},
    include_package_data=True,
    package_data={
        "casework.migrations": ["README", "alembic.ini", "script.py.mako"],
        "casework": [
            "templates/**/*",
            "*/templates/**/*",
            "static/**/*",
            "translations/*/LC_MESSAGES/*",
            "accounts/common_passwords.txt",
            "regions/data/*",
            "deploy/*",
        ]
    },
    python_requires=">=3.11",
    install_requires=[
        "Flask>=3.0",
        "Flask-Login>=0.6.3",
        "Flask-WTF>=1.2",
        "Flask-Migrate>=4.0",
        "Flask-SQLAlchemy>=3.1",
        "Flask-Babel>=4.0",
        "SQLAlchemy>=2.0",
        "alembic>=1.13",
        "cryptography>=42",
        "WTForms>=3.1",
        "argon2-cffi>=23.1",
        "pyotp>=2.9",
        "segno>=1.6",
        "gunicorn>=22",
        "zxcvbn>=4.4",
    ],
    extras_require={
        "postgres": ["psycopg[binary]>=3.1"],
        "test": [
            "pytest>=8",
            "pytest-xdist>=3.5",
            "hypothesis>=6.100",
            "playwright>=1.45",
            "pytest-playwright>=0.5",
            "psycopg[binary]>=3.1",
            "ruff>=0.5",
            "aiosmtpd>=1.4",
            "sqlmap>=1.8",
            "wheel>=0.43",  # tests build the wheel offline (setuptools needs it)
        ],
    },
    entry_points={"console_scripts": ["casework=casework.cli:main"]},
)

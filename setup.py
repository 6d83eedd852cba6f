"""Casework: case management for survivors of violence."""

from setuptools import find_packages, setup

setup(
    name="casework",
    version="0.1.0",
    description="Case management for survivors of violence, with referral to service units",
    packages=find_packages(include=["casework", "casework.*"]),
    include_package_data=True,
    package_data={
        "casework": [
            "templates/**/*",
            "*/templates/**/*",
            "static/**/*",
            "translations/*/LC_MESSAGES/*",
            "accounts/common_passwords.txt",
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
        ],
    },
    entry_points={"console_scripts": ["casework=casework.cli:main"]},
)

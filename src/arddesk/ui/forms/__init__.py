"""Entry dialogs: customers, deliveries, payments, credit limits."""

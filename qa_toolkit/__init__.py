"""qa-toolkit: offline quality inspection for Chinese customer-service calls and chats."""

__version__ = "0.1.0"

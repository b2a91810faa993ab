# hrtk build configuration: tunables only; the rules live in Makefile.
VERSION = 0.1.0
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man

CC = cc
PKG_CONFIG = pkg-config
PKGS = libxml-2.0 libpcre2-8 libutf8proc jansson zlib

CFLAGS = -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))
# libstemmer ships no pkg-config file in Debian.
EXTRA_LIBS = -lstemmer -lpthread -lm

SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

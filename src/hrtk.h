/*
 * hrtk.h: the subcommands.
 *
 * To add a command NAME:
 *  1. write src/cmd-NAME.c ending in int cmd_NAME(int argc, char **argv),
 *     with its usage string first in the file and the common options of cli.h;
 *  2. declare cmd_NAME below and add its row to cmds[] in src/hrtk.c
 *     (alphabetical order, with a one-line summary and its group);
 *  3. add src/cmd-NAME.o to CMD_OBJS in the Makefile;
 *  4. write man/hrtk-NAME.1 with the same SYNOPSIS as the usage string;
 *  5. add golden cases under tests/cases/NAME/ (tests/meta.sh checks 4 and 5).
 */
#ifndef HRTK_H
#define HRTK_H

int cmd_cat(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_keyness(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_norm(int argc, char **argv);
int cmd_tok(int argc, char **argv);

#endif

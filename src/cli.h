/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - the command-line verbs beside the daemon itself:
 *   titrad token create|list|revoke, titrad backup, titrad demo.
 * Each returns a process exit status and prints errors to stderr.
 */
#ifndef TITRAD_CLI_H
#define TITRAD_CLI_H

int cli_token(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_demo(int argc, char **argv);

#endif

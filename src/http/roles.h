/* SPDX-License-Identifier: Apache-2.0 */
/*
 * roles.h - who a caller is: the roles a token carries and their names.
 *
 * Roles are bits so a route can name the set allowed to call it.  The names
 * are what tokens store and what the audit log records.
 */
#ifndef TITRAD_ROLES_H
#define TITRAD_ROLES_H

enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_CLINIC = 1 << 1,
	ROLE_PHARMACIST = 1 << 2,
	ROLE_PATIENT = 1 << 3,
};
#define ROLES_ALL (ROLE_ADMIN | ROLE_CLINIC | ROLE_PHARMACIST | ROLE_PATIENT)
#define ROLES_STAFF (ROLE_ADMIN | ROLE_CLINIC | ROLE_PHARMACIST)

/* The name of one role; "none" for anything else. */
const char *role_name(int role);
/* The role of a name; 0 for NULL or an unknown name. */
int role_parse(const char *s);

#endif

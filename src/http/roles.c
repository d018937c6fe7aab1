/* SPDX-License-Identifier: Apache-2.0 */
/* roles.c - role names (see roles.h). */
#include "http/roles.h"

#include <stddef.h>
#include <string.h>

#include "base/util.h"

static const struct { int role; const char *name; } role_names[] = {
	{ ROLE_ADMIN, "admin" }, { ROLE_CLINIC, "clinic" },
	{ ROLE_PHARMACIST, "pharmacist" }, { ROLE_PATIENT, "patient" },
};

const char *
role_name(int role)
{
	for (size_t i = 0; i < ARRAY_LEN(role_names); i++)
		if (role_names[i].role == role)
			return role_names[i].name;
	return "none";
}

int
role_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(role_names); i++)
		if (s != NULL && strcmp(role_names[i].name, s) == 0)
			return role_names[i].role;
	return 0;
}

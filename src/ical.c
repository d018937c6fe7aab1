/* ical.c - placeholder until implemented */
#include "ical.h"

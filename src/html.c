/* html.c - placeholder until implemented */
#include "html.h"

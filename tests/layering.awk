# SPDX-License-Identifier: Apache-2.0
# tests/layering.awk - the rules of tests/layering.sh on an archive's symbols.
#
# Input, one record a line (made by layering.sh):
#   M member layer    layer: base engine store service http top, "?" (no
#                     source found) or "!src1,src2," (several sources)
#   D member          the archive holds two members of this name
#   S member symbol type    from nm -P -g (U, w, v: undefined)
# Output: one "ok - ..." or "FAIL - ..." line per rule, each failure followed
# by one indented sentence per violation, and "N passed, M failed" last.
# Exit status 1 when a rule fails.

function is_undef(t) { return t == "U" || t == "w" || t == "v" }

# The libc function behind a name: __fprintf_chk, fopen64, __open64_2,
# __isoc99_fscanf and fwrite_unlocked are fprintf, fopen, open, fscanf, fwrite.
function plain(s) {
	sub(/^__isoc(99|23)_/, "", s)
	sub(/^__/, "", s)
	sub(/_chk$/, "", s)
	sub(/_2$/, "", s)
	sub(/_unlocked$/, "", s)
	sub(/64$/, "", s)
	return s
}

# Why an external (not in the archive) symbol is banned from layer l, or "".
function banned(l, s,    p) {
	if (s ~ /^MHD_/ && (l == "engine" || l == "store" || l == "service"))
		return "libmicrohttpd"
	if (l != "engine")
		return ""
	if (s ~ /^sqlite3_/) return "SQLite"
	if (s ~ /^(PQ|pq)/) return "libpq"
	if (s ~ /^curl_/) return "libcurl"
	p = plain(s)
	if (p in io) return "file, process or network I/O"
	return ""
}

# Whether layer l may not use a module of layer t (rules b, c, d, f).
function layer_banned(l, t) {
	if (l == "engine") return t == "store" || t == "service" || t == "http"
	if (l == "store") return t == "service" || t == "http"
	if (l == "service") return t == "http"
	if (l == "base") return t == "engine" || t == "store" || t == "service" || t == "http"
	return 0
}

function rule_of(l) {
	return l == "engine" ? "b" : l == "store" ? "c" : l == "service" ? "d" : l == "base" ? "f" : ""
}

function add(rule, msg) { bad[rule] = bad[rule] "    " msg "\n" }

function what(m) { return layer[m] " module " m }

# Tarjan's strongly connected components, recursive (a few dozen modules).
function connect(v,    i, w) {
	index_of[v] = lowlink[v] = ++counter
	stack[++sp] = v
	on_stack[v] = 1
	for (i = 1; i <= nout[v]; i++) {
		w = out[v, i]
		if (!(w in index_of)) {
			connect(w)
			if (lowlink[w] < lowlink[v]) lowlink[v] = lowlink[w]
		} else if (on_stack[w] && index_of[w] < lowlink[v]) {
			lowlink[v] = index_of[w]
		}
	}
	if (lowlink[v] == index_of[v]) {
		ncomp++
		size[ncomp] = 0
		do {
			w = stack[sp--]
			on_stack[w] = 0
			comp[ncomp, ++size[ncomp]] = w
			comp_of[w] = ncomp
		} while (w != v)
	}
}

BEGIN {
	n = split("fopen fdopen freopen fclose fread fwrite fgets fputs fputc fgetc getc putc " \
	    "getchar putchar puts printf vprintf fprintf vfprintf dprintf vdprintf fscanf vfscanf " \
	    "scanf vscanf getline getdelim fflush fseek fseeko ftell ftello rewind fileno tmpfile " \
	    "perror open openat creat close read write pread pwrite readv writev lseek fsync " \
	    "fdatasync ftruncate truncate unlink unlinkat rename renameat mkdir mkdtemp mkstemp " \
	    "rmdir opendir readdir closedir stat fstat lstat fstatat xstat fxstat lxstat access " \
	    "mmap munmap ioctl fcntl dup dup2 pipe popen pclose system fork vfork execv execve " \
	    "execvp execl execlp kill socket socketpair connect bind listen accept accept4 send " \
	    "sendto sendmsg recv recvfrom recvmsg shutdown getaddrinfo getnameinfo gethostbyname " \
	    "setsockopt getsockopt poll ppoll select pselect epoll_create epoll_create1 epoll_ctl " \
	    "epoll_wait syslog stdin stdout stderr", w, " ")
	for (i = 1; i <= n; i++) io[w[i]] = 1
	title["0"] = "every object maps to one source, so its layer is known"
	title["a"] = "a) the module graph has no cycle"
	title["b"] = "b) engine modules use no store/service/http module, database, HTTP or I/O call"
	title["c"] = "c) store modules use no service/http module and no MHD_*"
	title["d"] = "d) service modules use no http module and no MHD_*"
	title["e"] = "e) no request handler (src/http/api_*.c) uses another handler's object"
	title["f"] = "f) base modules use no engine/store/service/http module"
	order = "0 a b c d e f"
}

$1 == "M" {
	mod[++nmod] = $2
	layer[$2] = $3
	if ($3 == "?")
		add("0", "object " $2 " has no source of that name under src/, so its layer is unknown")
	else if ($3 ~ /^!/) {
		s = substr($3, 2); sub(/,$/, "", s); gsub(/,/, ", ", s)
		add("0", "object " $2 " matches several sources (" s "); name the objects unambiguously")
	}
	next
}
$1 == "D" { add("0", "the archive holds more than one object named " $2 "; name the objects unambiguously"); next }
$1 == "S" {
	if (is_undef($4)) {
		nu[$2]++
		undef[$2, nu[$2]] = $3
	} else if (!($3 in def)) {
		def[$3] = $2
	}
	next
}

END {
	# Edges, one example symbol each (nm lists symbols sorted by name).
	for (i = 1; i <= nmod; i++) {
		m = mod[i]
		for (k = 1; k <= nu[m]; k++) {
			s = undef[m, k]
			if (!(s in def)) {
				why = banned(layer[m], s)
				if (why != "") {
					key = m SUBSEP why
					if (!(key in ext)) { ext[key] = s; extorder[++next_ext] = key }
					else ext[key] = ext[key] ", " s
				}
				continue
			}
			t = def[s]
			if (t == m) continue
			if (!((m, t) in edge)) {
				edge[m, t] = s
				out[m, ++nout[m]] = t
				uses[m, t] = s
				edgeorder[++nedges] = m SUBSEP t
			} else {
				uses[m, t] = uses[m, t] ", " s
			}
		}
	}

	# a) cycles.
	for (i = 1; i <= nmod; i++)
		if (!(mod[i] in index_of)) connect(mod[i])
	for (c = 1; c <= ncomp; c++) {
		if (size[c] < 2) continue
		list = ""
		for (j = size[c]; j >= 1; j--)
			list = list (list == "" ? "" : ", ") comp[c, j] " (" layer[comp[c, j]] ")"
		edges = ""
		for (e = 1; e <= nedges; e++) {
			split(edgeorder[e], ab, SUBSEP)
			if (comp_of[ab[1]] == c && comp_of[ab[2]] == c)
				edges = edges "\n        " ab[1] " -> " ab[2] " (" edge[ab[1], ab[2]] ")"
		}
		add("a", "cycle of " size[c] " modules that depend on each other: " list \
		    "; the edges, one symbol each:" edges)
	}

	# b), c), d), f): module -> module of a banned layer.
	for (e = 1; e <= nedges; e++) {
		split(edgeorder[e], ab, SUBSEP)
		m = ab[1]; t = ab[2]
		if (layer_banned(layer[m], layer[t]))
			add(rule_of(layer[m]), what(m) " uses " uses[m, t] " from " what(t))
		# e) handler -> handler.
		if (layer[m] == "http" && m ~ /^(.*_a-)?api_.*\.o$/ && t ~ /^(.*_a-)?api_.*\.o$/)
			add("e", "handler " m " uses " uses[m, t] " from handler " t)
	}
	# b), c), d): external symbols.
	for (e = 1; e <= next_ext; e++) {
		split(extorder[e], mw, SUBSEP)
		add(rule_of(layer[mw[1]]), what(mw[1]) " calls " ext[extorder[e]] " (" mw[2] ")")
	}

	npass = nfail = 0
	n = split(order, rules, " ")
	for (i = 1; i <= n; i++) {
		r = rules[i]
		if (r in bad) {
			printf "FAIL - %s:\n%s", title[r], bad[r]
			nfail++
		} else {
			printf "ok - %s\n", title[r]
			npass++
		}
	}
	printf "%d passed, %d failed\n", npass, nfail
	exit nfail > 0
}

# The project's commands; see README.md. Build output goes to build/
# (BUILD_DIR=... to move it); KERNEL_SRC=... selects another base tree.

.PHONY: run check bench mail clean

# Build the patched kernel and run the taskstats kselftests in a VM.
run:
	scripts/run

# The full test gate.
check:
	scripts/check

# Benchmark the base and patched kernels (after make check or make run).
bench:
	scripts/bench $${BUILD_DIR:-build}/obj/base $${BUILD_DIR:-build}/obj/series

# Show what mailing the series would send; scripts/mail --send sends it.
mail:
	scripts/mail

clean:
	rm -rf build

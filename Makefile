# The project's commands; see README.md. Build output goes to build/
# (BUILD_DIR=... to move it); KERNEL_SRC=... selects another base tree.

.PHONY: run check clean

# Build the patched kernel and run the taskstats kselftests in a VM.
run:
	scripts/run

# The full test gate.
check:
	scripts/check

clean:
	rm -rf build

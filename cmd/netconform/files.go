package main

import (
	"os"
	"path/filepath"
)

// The runner's own files (reports, results, the expectations it writes)
// are for people and CI to read: 0644 and folders 0755 whatever the
// umask. steps.Run sets the process's umask to 077 for the targets,
// which would otherwise make every report the owner's alone.
const (
	reportMode = 0o644
	folderMode = 0o755
)

// writeReport writes data to path with mode 0644, making the folders it
// needs with mode 0755.
func writeReport(path string, data []byte) error {
	if err := makeFolders(filepath.Dir(path)); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, reportMode); err != nil {
		return err
	}
	return os.Chmod(path, reportMode)
}

// makeFolders makes dir and its missing parents with mode 0755.
func makeFolders(dir string) error {
	if dir == "" || dir == "." {
		return nil
	}
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return nil
	}
	if err := makeFolders(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, folderMode); err != nil && !os.IsExist(err) {
		return err
	}
	return os.Chmod(dir, folderMode)
}

// fixReportMode gives a report another writer created under the run's
// umask (godog's format files) the mode of the runner's own.
func fixReportMode(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	return os.Chmod(path, reportMode)
}

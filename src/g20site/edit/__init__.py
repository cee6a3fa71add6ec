"""``g20site serve --edit``: an editor for the site's content in the browser, served with the preview
under ``<base>/_edit/``. Forms come from the fields ``g20site new`` explains; saving edits the lines of
a file that changed and keeps every other byte, under content/ and static/ only."""

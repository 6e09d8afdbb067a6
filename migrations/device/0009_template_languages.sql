-- Checklist templates in more than one language (issue 16): the language a template is
-- written in and its translations. A template stored before is English without any.
ALTER TABLE checklist_template ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE checklist_template ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';

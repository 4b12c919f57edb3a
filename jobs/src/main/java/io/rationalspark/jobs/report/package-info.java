/** What the study jobs write for people: Markdown/CSV tables and PNG line charts. */
package io.rationalspark.jobs.report;

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_article_language_and_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="follower",
            name="language",
            field=models.CharField(
                default="en",
                help_text="The language the reader subscribed in: their emails are in it.",
                max_length=8,
            ),
        ),
    ]
